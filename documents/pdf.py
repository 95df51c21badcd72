"""PDF from a .docx with LibreOffice headless (Debian's libreoffice-writer-nogui): the same file an office opens in
Word, so the PDF and the .docx never differ. Each conversion has a profile folder of its own, so two workers can
convert at once; it takes seconds, so it runs on the task worker (documents.writers)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 600  # seconds: a thousand certificates take a few minutes on 2 cores


class ConversionFailed(RuntimeError):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(source: Path) -> bytes:
    program = soffice()
    if program is None:
        raise ConversionFailed("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "profile"
        result = subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                folder,
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        converted = Path(folder) / f"{source.stem}.pdf"
        if result.returncode != 0 or not converted.exists():
            raise ConversionFailed(f"LibreOffice could not convert {source.name}: {result.stderr.strip()[:200]}")
        return converted.read_bytes()
