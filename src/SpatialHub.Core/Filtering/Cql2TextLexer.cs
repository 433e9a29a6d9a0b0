using System.Globalization;
using System.Text;

namespace SpatialHub.Core.Filtering;

internal enum TokenKind
{
    End,
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Symbol,
}

/// <summary>A token and the 0-based character it starts at.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Start, double Number = 0)
{
    public bool Is(string keyword) => Kind == TokenKind.Identifier && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    public string Where => $"character {Start + 1}";
}

/// <summary>Splits cql2-text into tokens on demand, so that the parser can take a WKT literal as raw text.</summary>
internal sealed class Cql2TextLexer(string text)
{
    private int _position;
    private Token? _peeked;

    public string Text => text;

    public Token Peek() => _peeked ??= Read();

    public Token Next()
    {
        var token = Peek();
        _peeked = null;
        return token;
    }

    /// <summary>The raw text from <paramref name="start"/> to the parenthesis that closes the first one after it (a WKT
    /// literal), or to the end of the word EMPTY; the lexer continues after it.</summary>
    public string TakeBalanced(int start)
    {
        _peeked = null;
        var i = start;
        var depth = 0;
        for (; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                break;
            }
            else if (depth == 0 && string.Compare(text, i, "EMPTY", 0, 5, StringComparison.OrdinalIgnoreCase) == 0)
            {
                i += 4;
                break;
            }
        }
        if (i >= text.Length)
        {
            throw new FilterException("geometry literal is not closed", $"character {start + 1}");
        }
        _position = i + 1;
        return text[start.._position];
    }

    private Token Read()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }
        if (_position >= text.Length)
        {
            return new Token(TokenKind.End, "", text.Length);
        }
        var start = _position;
        var c = text[_position];
        if (c == '\'')
        {
            return new Token(TokenKind.String, Quoted('\''), start);
        }
        if (c == '"')
        {
            return new Token(TokenKind.QuotedIdentifier, Quoted('"'), start);
        }
        if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && _position + 1 < text.Length && (char.IsAsciiDigit(text[_position + 1]) || text[_position + 1] == '.')))
        {
            return ReadNumber(start);
        }
        if (IsIdentifierStart(c))
        {
            while (_position < text.Length && IsIdentifierPart(text[_position]))
            {
                _position++;
            }
            return new Token(TokenKind.Identifier, text[start.._position], start);
        }
        foreach (var symbol in (string[])["<>", "<=", ">=", "=", "<", ">", "(", ")", ",", "[", "]"])
        {
            if (string.CompareOrdinal(text, _position, symbol, 0, symbol.Length) == 0)
            {
                _position += symbol.Length;
                return new Token(TokenKind.Symbol, symbol, start);
            }
        }
        throw new FilterException($"unexpected character '{c}'", $"character {start + 1}");
    }

    private Token ReadNumber(int start)
    {
        _position++;
        while (_position < text.Length && (char.IsAsciiDigit(text[_position]) || text[_position] is '.' or 'e' or 'E'
            || (text[_position] is '+' or '-' && text[_position - 1] is 'e' or 'E')))
        {
            _position++;
        }
        var literal = text[start.._position];
        return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? new Token(TokenKind.Number, literal, start, value)
            : throw new FilterException($"'{literal}' is not a number", $"character {start + 1}");
    }

    /// <summary>A quoted string or identifier; the quote is escaped by doubling it (and, in strings, by a backslash).</summary>
    private string Quoted(char quote)
    {
        var start = _position++;
        var value = new StringBuilder();
        while (_position < text.Length)
        {
            var c = text[_position++];
            if (c == quote)
            {
                if (_position < text.Length && text[_position] == quote)
                {
                    value.Append(quote);
                    _position++;
                    continue;
                }
                return value.ToString();
            }
            if (c == '\\' && quote == '\'' && _position < text.Length && text[_position] == '\'')
            {
                value.Append('\'');
                _position++;
                continue;
            }
            value.Append(c);
        }
        throw new FilterException(quote == '\'' ? "string is not closed (a quote inside is written '')" : "quoted name is not closed",
            $"character {start + 1}");
    }

    // CQL2 identifiers (after XML names): letters of any script, ':' and '_', then also digits and '.'.
    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '.' || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
}
