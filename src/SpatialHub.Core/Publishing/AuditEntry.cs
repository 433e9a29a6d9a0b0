namespace SpatialHub.Core.Publishing;

/// <summary>One write, as the audit trail keeps it.</summary>
/// <param name="Actor">A publisher's name, <c>admin</c> for the administrator key, or <c>cli:&lt;OS user&gt;</c>.</param>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="FileSha256">Lower-case hex SHA-256 of the uploaded file.</param>
/// <param name="Client">The client's address (after trusted proxies), or <c>local</c> for the command line.</param>
/// <param name="Outcome"><c>ok</c>, or the HTTP-style status that refused it (<c>403</c>, <c>422</c>, ...).</param>
public sealed record AuditEntry(
    string Actor,
    string Action,
    string? DatasetId = null,
    long? Version = null,
    long? Rows = null,
    string? FileName = null,
    string? FileSha256 = null,
    string? Client = null,
    string Outcome = AuditEntry.Ok,
    string? Detail = null,
    long Id = 0,
    DateTimeOffset? At = null)
{
    public const string Ok = "ok";
}

/// <summary>The kinds of write the audit trail records.</summary>
public static class AuditActions
{
    public const string Import = "import";
    public const string Validate = "validate";
    public const string Delete = "delete";
    public const string Metadata = "metadata";
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";
    public const string PublisherAdd = "publisher-add";
    public const string PublisherRevoke = "publisher-revoke";
    public const string PublisherRotate = "publisher-rotate";
    public const string KeyRefused = "key-refused";
}

/// <summary>Which audit records to list; every filter is optional.</summary>
public sealed record AuditFilter(string? DatasetId = null, string? Actor = null, string? Action = null,
    DateTimeOffset? Since = null, DateTimeOffset? Until = null, int Limit = AuditFilter.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
