using Azure.Core;
using Azure.Identity;
using DialStatus.Functions.Options;

namespace DialStatus.Functions.Storage;

/// <summary>The identity for identity-based <c>AzureWebJobsStorage</c>, following the Functions host's own conventions.</summary>
internal static class StorageCredential
{
    public static TokenCredential From(StorageConnectionOptions connection)
    {
        if (string.Equals(connection.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            var id = string.IsNullOrWhiteSpace(connection.ClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(connection.ClientId);
            return new ManagedIdentityCredential(id);
        }
        // Locally (az login, Visual Studio) and anywhere else the default chain finds an identity.
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection.ClientId });
    }
}
