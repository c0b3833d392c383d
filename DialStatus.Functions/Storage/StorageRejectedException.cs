namespace DialStatus.Functions.Storage;

/// <summary>
/// Table Storage refused the write itself (HTTP 400 or 413): retrying the same callback cannot succeed,
/// so the caller answers 4xx with the reason instead of asking Plivo to retry.
/// </summary>
public sealed class StorageRejectedException(string message, Exception innerException) : Exception(message, innerException);
