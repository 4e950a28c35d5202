namespace DeskMirror.Server.Hosting.Internal;

/// <summary>The two bound ports, filled in once Kestrel has bound them; a request's mode is read from them.</summary>
internal sealed class ListenerPorts
{
    private volatile int _desktop;
    private volatile int _mirror;

    public int Desktop => _desktop;

    public int Mirror => _mirror;

    public void Set(int desktop, int mirror)
    {
        _desktop = desktop;
        _mirror = mirror;
    }
}
