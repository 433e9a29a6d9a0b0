using Npgsql;
using SpatialHub.PostGis;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Tests.Hosting;

/// <summary>Npgsql's errors become SpatialHub.PostGis's own types by SQL state, and those become problem responses.</summary>
[Trait("Category", "Unit")]
public sealed class DatabaseErrorsTests
{
    [Theory]
    [InlineData("42P01", typeof(DatasetChangedException), 503, "Dataset changed")]
    [InlineData("57014", typeof(QueryCancelledException), 503, "Query cancelled")]
    [InlineData("57P01", typeof(DatabaseUnavailableException), 503, "Database unavailable")]
    [InlineData("57P03", typeof(DatabaseUnavailableException), 503, "Database unavailable")]
    [InlineData("53300", typeof(DatabaseUnavailableException), 503, "Database unavailable")]
    public void Sql_states_translate_to_typed_errors_answered_with_503(string sqlState, Type expected, int status, string title)
    {
        var typed = DatabaseErrors.Translate(new PostgresException("message", "ERROR", "ERROR", sqlState));

        typed.ShouldNotBeNull().ShouldBeOfType(expected);
        var problem = ErrorResponses.ToProblem(typed);
        problem.Status.ShouldBe(status);
        problem.Title.ShouldBe(title);
    }

    [Fact]
    public void A_bug_in_sql_stays_untranslated_and_is_a_500()
    {
        var syntax = new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError);

        DatabaseErrors.Translate(syntax).ShouldBeNull();
        ErrorResponses.ToProblem(syntax).Status.ShouldBe(500);
    }

    [Fact]
    public async Task TranslateAsync_rethrows_database_failures_as_typed_errors()
    {
        var thrown = await Should.ThrowAsync<DatasetChangedException>(() => DatabaseErrors.TranslateAsync<int>(
            () => throw new PostgresException("gone", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable)));

        thrown.InnerException.ShouldBeOfType<PostgresException>();
    }
}
