using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Gateway.Files;

/// <summary>
/// The two libc calls .NET does not offer: <c>fcntl(F_SETFL, O_APPEND)</c> (<see cref="FileMode.Append"/> only seeks
/// to the end once, at open) and <c>write(2)</c> at the descriptor's own offset (every .NET write passes an offset of its
/// own). Linux only: the flag's value differs between systems, and fcntl is variadic, which other ABIs pass differently.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class AppendDescriptor
{
    private const int GetStatusFlags = 3;  // F_GETFL
    private const int SetStatusFlags = 4;  // F_SETFL
    private const int AppendFlag = 0x400;  // O_APPEND on every Linux architecture .NET runs on
    private const int Interrupted = 4;     // EINTR

    /// <summary>Sets O_APPEND on the descriptor; false (the caller falls back to looking up the end) if the call failed.</summary>
    public static bool TrySetAppend(SafeFileHandle handle)
    {
        var descriptor = (int)handle.DangerousGetHandle();
        try
        {
            var flags = Fcntl(descriptor, GetStatusFlags, 0);
            return flags >= 0 && Fcntl(descriptor, SetStatusFlags, flags | AppendFlag) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Writes all of <paramref name="data"/> at the end of the file; a short write goes on with the rest.</summary>
    public static void WriteAll(SafeFileHandle handle, ReadOnlySpan<byte> data)
    {
        var descriptor = (int)handle.DangerousGetHandle();
        while (!data.IsEmpty)
        {
            var written = Write(descriptor, data, (nuint)data.Length);
            if (written < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == Interrupted) continue;
                throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
            }

            data = data[(int)written..];
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int descriptor, ReadOnlySpan<byte> data, nuint count);
}
