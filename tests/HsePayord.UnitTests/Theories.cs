namespace HsePayord.UnitTests;

internal static class Theories
{
    public static TheoryData<T> Of<T>(IEnumerable<T> values)
    {
        var data = new TheoryData<T>();
        foreach (var value in values)
        {
            data.Add(value);
        }

        return data;
    }

    public static TheoryData<T1, T2> Cross<T1, T2>(IEnumerable<T1> firsts, IEnumerable<T2> seconds)
    {
        var data = new TheoryData<T1, T2>();
        foreach (var first in firsts)
        {
            foreach (var second in seconds)
            {
                data.Add(first, second);
            }
        }

        return data;
    }
}
