import nock from "nock";
import { afterEach } from "vitest";

// Tests never reach the network: only loopback (all of 127.0.0.0/8) is allowed.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?$/);

afterEach(() => {
  nock.cleanAll();
});
