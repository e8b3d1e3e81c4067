// The part of autocannon 9's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    readonly average: number;
    readonly mean: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  }
  interface Result {
    readonly requests: Histogram & { readonly total: number };
    readonly latency: Histogram;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly duration: number;
  }
  interface Options {
    readonly url: string;
    readonly connections?: number;
    readonly duration?: number;
    readonly pipelining?: number;
    readonly workers?: number;
    readonly headers?: Record<string, string>;
    /** Seconds before a request counts as timed out (default 10). */
    readonly timeout?: number;
    /** Requests to make before ending (overrides duration). */
    readonly amount?: number;
    /** The sequence each connection loops over; setupRequest may rewrite each request (its path, say). */
    readonly requests?: readonly { readonly setupRequest?: (request: { path: string; [key: string]: unknown }) => { path: string; [key: string]: unknown } }[];
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
