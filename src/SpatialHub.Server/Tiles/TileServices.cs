using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Tiles;

/// <summary>The tile seam in DI: the PostGIS source behind <see cref="ITileSource"/>, and the one cached loader in front.</summary>
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
        return services;
    }
}
