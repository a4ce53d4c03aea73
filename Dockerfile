# The gateway as a container: published as a native (AOT) executable with the .NET SDK, run on the runtime-deps
# image (no .NET runtime, no JIT: about half the memory of the JIT build, see docs/performance.md) as its non-root user.
#   docker build -t telemetry-gateway .
#   docker run -p 4317:4317 -p 4318:4318 -p 8888:8888 -v "$PWD/gateway.yaml:/etc/gateway/gateway.yaml:ro" telemetry-gateway
# 4317 OTLP/gRPC, 4318 OTLP/HTTP, 8888 /metrics /healthz /readyz (service.telemetry). `docker kill -s HUP` reloads the config.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# Native AOT links the executable with the platform's C toolchain.
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Gateway/Gateway.csproj -c Release -p:PublishAot=true -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app/gateway ./gateway
COPY gateway.yaml /etc/gateway/gateway.yaml
# Queues, the file exporter and the dead-letter file write under /app/data (relative paths in gateway.yaml).
RUN mkdir -p /app/data && chown -R $APP_UID /app/data
USER $APP_UID
ENV GATEWAY_CONFIG=/etc/gateway/gateway.yaml
EXPOSE 4317 4318 8888
ENTRYPOINT ["./gateway", "run", "--config", "/etc/gateway/gateway.yaml"]
