namespace HsePayord.Modules.Operations.Features;

/// <summary>The page and page size a list route was asked for, checked: pages start at 1, at most 500 items each.</summary>
internal static class Paging
{
    private const int MaxPageSize = 500;

    public static (int Page, int PageSize) Of(int? page, int? pageSize)
    {
        if (page is < 1)
        {
            throw DeadLetterSelection.Invalid("page", "'page' starts at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw DeadLetterSelection.Invalid("pageSize", $"'pageSize' must be between 1 and {MaxPageSize}.");
        }

        return (page ?? 1, pageSize ?? 50);
    }
}
