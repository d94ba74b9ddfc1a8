/// The alternative-provision domain: placements, their rules and their documents.
/// (Filled in by the document-set work; the engine it builds on is `OfficeTemplate`.)
public enum PlacementModule {}
