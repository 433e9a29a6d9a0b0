using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Tiles;

/// <summary>The tile seam in DI: the PostGIS source behind <see cref="ITileSource"/>, the one cached loader in front,
/// and the in-memory catalog list that <c>/catalog</c> (the tile clients' index) is answered from.</summary>
public static class TileServices
{
    public static IServiceCollection AddTileSource(this IServiceCollection services)
    {
        services.AddSingleton(provider => new PostGisTileSource(
            () => provider.GetRequiredService<DatabaseHost>().Reads,
            provider.GetRequiredService<CatalogVersionWatcher>(),
            provider.GetRequiredService<TilesOptions>()));
        services.AddSingleton<ITileSource>(provider => provider.GetRequiredService<PostGisTileSource>());
        services.AddSingleton<TileLoader>();
        services.AddSingleton(provider => new CatalogListCache(
            () => provider.GetRequiredService<DatabaseHost>().Reads, provider.GetRequiredService<CatalogVersionWatcher>()));
        return services;
    }
}
