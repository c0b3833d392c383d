namespace DialStatus.Functions.Storage;

/// <summary>Table Storage could not take a write in time; the caller answers 503 so that Plivo retries.</summary>
public sealed class StorageUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
