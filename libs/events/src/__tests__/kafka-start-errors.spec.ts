import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { transientWhileStarting } from '../kafka/kafka-transport';

describe('errors the Kafka transport waits out while the events topic gets its leaders', () => {
  // kafkajs makes a protocol error from its table entry for the code the broker answered.
  const protocolError = (type: string, code: number, retriable: boolean, message: string) =>
    new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));
  // What a just-started broker answers for a topic it has just created.
  const notHosted = () => protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3, true, 'This server does not host this topic-partition');

  it('waits out a retriable error, and kafkajs giving up on one', () => {
    expect(transientWhileStarting(notHosted())).toBe(true);
    expect(transientWhileStarting(new KafkaJSNumberOfRetriesExceeded(notHosted(), { retryCount: 5, retryTime: 9_000 }))).toBe(true);
    // No broker answered the metadata request: kafkajs reads a field of nothing.
    expect(transientWhileStarting(new TypeError("Cannot read properties of null (reading 'topicMetadata')"))).toBe(true);
  });

  it('gives up at once on what waiting does not mend', () => {
    expect(transientWhileStarting(new KafkaJSNonRetriableError('Invalid topic'))).toBe(false);
    expect(transientWhileStarting(protocolError('TOPIC_AUTHORIZATION_FAILED', 29, false, 'Not authorized to access topics'))).toBe(false);
    expect(transientWhileStarting(new Error('something else'))).toBe(false);
  });
});
