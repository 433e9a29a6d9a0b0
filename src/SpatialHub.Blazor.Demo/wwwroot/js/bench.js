// Loaded only by /dotnet/?bench (scripts/bench-blazor.sh): exposes the WebAssembly MVT decoder to the benchmark driver.
export function register(decoder) {
  window.spatialHubDecodeBenchmark = decoder;
}
