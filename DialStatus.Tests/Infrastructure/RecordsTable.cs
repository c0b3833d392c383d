using Azure;
using Azure.Data.Tables;

namespace DialStatus.Tests.Infrastructure;

/// <summary>Reads what the app wrote, straight from Azurite.</summary>
public static class RecordsTable
{
    public static async Task<List<TableEntity>> ReadAllAsync(string connectionString, string tableName)
    {
        var table = new TableClient(connectionString, tableName);
        try
        {
            return await table.QueryAsync<TableEntity>().ToListAsync();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    private static async Task<List<T>> ToListAsync<T>(this AsyncPageable<T> pages)
        where T : notnull
    {
        var list = new List<T>();
        await foreach (var item in pages)
        {
            list.Add(item);
        }
        return list;
    }
}
