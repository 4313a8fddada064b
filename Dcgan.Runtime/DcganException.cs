namespace Dcgan.Runtime;

/// <summary>
/// A failure the user can act on (a bad file, a bad flag, a missing dataset). The CLI prints
/// its message as one line and exits non-zero; anything else escaping is a bug in dcgan.
/// </summary>
public class DcganException : Exception
{
    public DcganException(string message) : base(message) { }
    public DcganException(string message, Exception inner) : base(message, inner) { }
}
