#!/usr/bin/python3
"""LibreOffice's own judgement of document signatures, over UNO (headless soffice).

    /usr/bin/python3 Tests/tools/lo_signatures.py verify FILE...
        one line "FILE: N signature(s)", then per signature one line
        "  SignatureIsValid=True|False CertificateStatus=N PartialDocumentSignature=... Signer=..."
        exit 0 when every FILE has at least one signature and all are valid
    /usr/bin/python3 Tests/tools/lo_signatures.py sign IN OUT
        copies IN to OUT and signs OUT with the first personal certificate LibreOffice knows;
        prints "LibreOffice signed OUT" and exits 0, or says why not and exits 1

Needs Debian's python3-uno (so /usr/bin/python3, not another interpreter) and
libreoffice-writer-nogui. LibreOffice reads its certificates from the NSS database named by
MOZILLA_CERTIFICATE_FOLDER; CertificateStatus 0 means the signer is trusted there.
LO_PROFILE (a file:// URL) is the profile folder to use; default: a new temporary one.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.embed.ElementModes import READ, READWRITE


class Office:
    """A headless soffice listening on a private pipe, stopped on exit."""

    def __init__(self):
        self.temporary = None
        profile = os.environ.get("LO_PROFILE")
        if not profile:
            self.temporary = tempfile.mkdtemp(prefix="lo-signatures-")
            profile = "file://" + self.temporary
        self.pipe = "apdocs_signatures_%d" % os.getpid()
        self.process = subprocess.Popen(
            ["soffice", "-env:UserInstallation=" + profile, "--headless", "--invisible", "--norestore",
             "--nologo", "--accept=pipe,name=%s;urp;" % self.pipe],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.context = self._connect(deadline=time.monotonic() + 60)

    def _connect(self, deadline):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        while True:
            try:
                return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
            except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit("soffice did not start (is libreoffice-writer-nogui installed?)")
                time.sleep(0.25)

    def service(self, name, *arguments):
        manager = self.context.ServiceManager
        if arguments:
            return manager.createInstanceWithArgumentsAndContext(name, arguments, self.context)
        return manager.createInstanceWithContext(name, self.context)

    def close(self):
        try:
            self.service("com.sun.star.frame.Desktop").terminate()
        except Exception:  # noqa: BLE001 - the bridge drops as soffice exits
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.temporary:
            shutil.rmtree(self.temporary, ignore_errors=True)

    # -- packages as LibreOffice's signing code sees them: plain zip storages --------------

    def stream(self, path, writable):
        access = self.service("com.sun.star.ucb.SimpleFileAccess")
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        return access.openFileReadWrite(url) if writable else access.openFileRead(url)

    def zip_storage(self, stream, mode):
        option = PropertyValue()
        option.Name, option.Value = "StorageFormat", "ZipFormat"
        options = uno.Any("[]com.sun.star.beans.PropertyValue", (option,))
        factory = self.service("com.sun.star.embed.StorageFactory")
        return uno.invoke(factory, "createInstanceWithArguments", ((stream, mode, options),))

    def signatures(self, odf_version="1.3"):
        return self.service("com.sun.star.security.DocumentDigitalSignatures", odf_version, True)


def verify(office, path):
    """Prints LibreOffice's verdict on each signature of `path`; True when all are valid."""
    storage = office.zip_storage(office.stream(path, writable=False), READ)
    found = office.signatures().verifyDocumentContentSignatures(storage, None)
    print("%s: %d signature(s)" % (path, len(found)))
    for info in found:
        signer = info.Signer.SubjectName if info.Signer else None
        print("  SignatureIsValid=%s CertificateStatus=%s PartialDocumentSignature=%s Signer=%r"
              % (info.SignatureIsValid, info.CertificateStatus, info.PartialDocumentSignature, signer))
    return bool(found) and all(info.SignatureIsValid for info in found)


def sign(office, source, target):
    """Signs a copy of `source` as LibreOffice's File > Digital Signatures would."""
    shutil.copyfile(source, target)
    security = office.service("com.sun.star.xml.crypto.SEInitializer").createSecurityContext("")
    certificates = security.getSecurityEnvironment().getPersonalCertificates()
    if not certificates:
        print("no personal certificate in the NSS database (set MOZILLA_CERTIFICATE_FOLDER)")
        return False
    stream = office.stream(target, writable=True)
    package = office.zip_storage(stream, READWRITE)
    signer = office.signatures()
    if package.hasByName("META-INF"):
        # ODF: the signature goes into META-INF/documentsignatures.xml of the same package.
        meta = package.openStorageElement("META-INF", READWRITE)
        part = meta.openStreamElement(signer.getDocumentContentSignatureDefaultStreamName(), READWRITE)
        signed = signer.signDocumentWithCertificate(certificates[0], office.zip_storage(stream, READWRITE), part)
        if signed:
            meta.commit()
    else:
        # OOXML: LibreOffice adds the _xmlsignatures parts and relationships itself.
        signed = signer.signDocumentWithCertificate(certificates[0], office.zip_storage(stream, READWRITE), None)
    if not signed:
        print("LibreOffice refused to sign %s" % target)
        return False
    package.commit()
    print("LibreOffice signed %s" % target)
    return True


def main(argv):
    if len(argv) >= 2 and argv[0] == "verify":
        action = lambda office: all([verify(office, path) for path in argv[1:]])  # noqa: E731 - every file reported
    elif len(argv) == 3 and argv[0] == "sign":
        action = lambda office: sign(office, argv[1], argv[2])  # noqa: E731
    else:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    office = Office()
    try:
        return 0 if action(office) else 1
    finally:
        office.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
