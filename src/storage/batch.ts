// Statements that many concurrent requests make alike (the launch lookup of every command) are
// gathered: a call that arrives while `parallel` statements are in flight waits for the next one,
// which carries every call waiting by then. An idle handle runs a call at once, alone, so a
// single request waits for nothing; under load the round trips (and, on PGlite, the WASM
// calls and write transactions) are shared.

interface Waiting<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

export function batched<I, O>(run: (inputs: I[]) => Promise<O[]>, opts: { parallel: number; max: number }): (input: I) => Promise<O> {
  const queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  const pump = () => {
    while (inFlight < opts.parallel && queue.length > 0) {
      const batch = queue.splice(0, opts.max);
      inFlight++;
      run(batch.map((w) => w.input)).then(
        (outputs) => {
          for (const [i, w] of batch.entries()) w.resolve(outputs[i]!);
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      ).finally(() => {
        inFlight--;
        pump();
      });
    }
  };
  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      pump();
    });
}
