using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Import;

/// <summary>At most <see cref="ImportOptions.MaxConcurrentImports"/> uploads buffered and imported at once; the
/// next one is refused at once (503, Retry-After) rather than queued, so a burst cannot pile up disk and GDAL runs.</summary>
public sealed class ImportGate(IOptions<ImportOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentImports, options.Value.MaxConcurrentImports);

    /// <exception cref="UploadRefusedException">503: every slot is taken.</exception>
    public IDisposable Enter() => _slots.Wait(0)
        ? new Slot(_slots)
        : throw UploadRefusedException.Busy(options.Value.MaxConcurrentImports);

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
