/// XML digital signatures for ODF and OOXML packages (work in progress).
enum PackageSigningPlaceholder {}
