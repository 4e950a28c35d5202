using System.Resources;

// English is in UiText.resx itself; no satellite lookup for it.
[assembly: NeutralResourcesLanguage("en")]
