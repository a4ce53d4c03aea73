# The gateway as a container: built with the .NET SDK, run on the ASP.NET runtime only, as the image's non-root user.
#   docker build -t telemetry-gateway .
#   docker run -p 4317:4317 -p 4318:4318 -p 8888:8888 -v "$PWD/gateway.yaml:/etc/gateway/gateway.yaml:ro" telemetry-gateway
# 4317 OTLP/gRPC, 4318 OTLP/HTTP, 8888 /metrics /healthz /readyz (service.telemetry). `docker kill -s HUP` reloads the config.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Gateway/Gateway.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY gateway.yaml /etc/gateway/gateway.yaml
# Queues, the file exporter and the dead-letter file write under /app/data (relative paths in gateway.yaml).
RUN mkdir -p /app/data && chown -R $APP_UID /app/data
USER $APP_UID
ENV GATEWAY_CONFIG=/etc/gateway/gateway.yaml
EXPOSE 4317 4318 8888
ENTRYPOINT ["dotnet", "gateway.dll", "run", "--config", "/etc/gateway/gateway.yaml"]
