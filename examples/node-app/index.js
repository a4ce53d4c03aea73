// A Node.js app logging through the stock OpenTelemetry JS SDK to the gateway. Where to send and how is read by the
// SDK from the standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS, ...), as any app would;
// the app only picks the exporter package that OTEL_EXPORTER_OTLP_PROTOCOL names, as the Node SDK does.
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';

const exporterPackages = {
  'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto', // the SDKs' default, port 4318
  'http/json': '@opentelemetry/exporter-logs-otlp-http',
  grpc: '@opentelemetry/exporter-logs-otlp-grpc', // port 4317
};
const protocol = process.env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL || process.env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
if (!(protocol in exporterPackages)) {
  console.error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not a protocol; write one of ${Object.keys(exporterPackages).join(', ')}`);
  process.exit(2);
}
const { OTLPLogExporter } = await import(exporterPackages[protocol]);
const exporter = new OTLPLogExporter();

// The SDK reports a failed export only to its diagnostics; keep the first failure so the app can say it.
let failure;
const reporting = {
  export: (records, done) => exporter.export(records, (result) => {
    if (result.code !== 0) failure ??= result.error ?? new Error('export failed');
    done(result);
  }),
  forceFlush: () => exporter.forceFlush(),
  shutdown: () => exporter.shutdown(),
};

const provider = new LoggerProvider({
  resource: resourceFromAttributes({ 'service.name': 'signup', 'service.version': '2.0.1', 'deployment.environment.name': 'staging' }),
  processors: [new BatchLogRecordProcessor({ exporter: reporting })],
});
logs.setGlobalLoggerProvider(provider);

const logger = logs.getLogger('signup.web');
logger.emit({
  eventName: 'user.signed_up',
  severityNumber: SeverityNumber.INFO,
  body: 'New account created',
  attributes: { 'session.id': 'sess-9', 'user.id': 'u-77', 'ctx.plan': 'pro', 'customer.email': 'sam@example.com' },
});
try {
  JSON.parse('{not json');
} catch (e) {
  logger.emit({
    eventName: 'profile.import_failed',
    severityNumber: SeverityNumber.ERROR,
    body: 'Could not import the profile',
    attributes: { 'session.id': 'sess-9', 'exception.type': e.name, 'exception.message': e.message, 'exception.stacktrace': e.stack },
  });
}

const endpoint = process.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT || 'the SDK default';
try {
  await provider.shutdown();
} catch (e) {
  failure ??= e;
}
if (failure) {
  console.error(`could not send the log records to ${endpoint} over ${protocol}: ${failure.message ?? failure}`);
  process.exit(1);
}
console.log(`sent 2 log records to ${endpoint} over ${protocol}`);
