namespace Gateway.IntegrationTests.Operations;

/// <summary>One instruction of a Dockerfile (continuation lines joined), with the stage it belongs to.</summary>
internal sealed record DockerfileInstruction(int Stage, string Keyword, string Arguments);
