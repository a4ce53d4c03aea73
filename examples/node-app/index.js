// A Node.js app logging through the stock OpenTelemetry JS SDK to the gateway over OTLP/HTTP (JSON).
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';

const url = (process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318') + '/v1/logs';
const provider = new LoggerProvider({
  resource: resourceFromAttributes({ 'service.name': 'signup', 'service.version': '2.0.1', 'deployment.environment.name': 'staging' }),
  processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url }) })],
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
await provider.shutdown();
console.log(`sent 2 log records to ${url}`);
