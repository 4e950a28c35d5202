using DeskMirror.Web.Internal;

namespace DeskMirror.Web.Tests;

public sealed class DirectoryBrowserTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("deskmirror-browse-");

    [Fact]
    public void List_Folder_GivesSortedSubfoldersWithoutHiddenOnesAndItsParent()
    {
        _root.CreateSubdirectory("zeta");
        _root.CreateSubdirectory("Alpha");
        _root.CreateSubdirectory(".git");
        File.WriteAllText(Path.Combine(_root.FullName, "file.txt"), "not a folder");

        var listing = DirectoryBrowser.List(_root.FullName, showHidden: false);

        Assert.Equal(["Alpha", "zeta"], listing.Folders);
        Assert.Equal(_root.Parent!.FullName, listing.Parent);
        Assert.False(listing.Truncated);
        Assert.Equal([".git", "Alpha", "zeta"], DirectoryBrowser.List(_root.FullName, showHidden: true).Folders);
    }

    [Fact]
    public void List_MissingFolder_Throws()
        => Assert.Throws<DirectoryNotFoundException>(() => DirectoryBrowser.List(Path.Combine(_root.FullName, "missing"), showHidden: false));

    [Fact]
    public void List_RelativeSegments_AreNormalised()
    {
        var child = _root.CreateSubdirectory("child");

        var listing = DirectoryBrowser.List(Path.Combine(child.FullName, ".."), showHidden: false);

        Assert.Equal(_root.FullName, listing.Path);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
