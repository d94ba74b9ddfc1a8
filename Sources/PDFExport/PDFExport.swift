/// Conversion of documents to PDF through LibreOffice (work in progress).
enum PDFExportPlaceholder {}
