namespace SpatialHub.Core.Analytics;

/// <summary>A query parameter of an analytics request is missing or wrong (answered 400, naming the parameter).</summary>
public sealed class AnalyticsParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>A parameter names a dataset, or a version of one, that does not exist (answered 404, naming the parameter).</summary>
public sealed class AnalyticsNotFoundException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>An analysis ran past the statement timeout (answered 503): the data is larger than the service allows.</summary>
public sealed class AnalyticsTimeoutException(TimeSpan timeout, Exception inner)
    : Exception($"The analysis did not finish within {timeout.TotalSeconds:0.#} s (SpatialHub:Analytics:StatementTimeoutSeconds); "
        + "try a coarser grid, a smaller radius or smaller datasets.", inner);
