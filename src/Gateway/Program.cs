using Gateway.Host.Cli;

return await GatewayCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
