import shutil
from pathlib import Path

import pytest

from hocvuso.learning.curriculum import CURRICULUM_DIR, load_curriculum
from hocvuso.learning.models import Course

SAMPLE = Path(__file__).parent / "sample_curriculum"


@pytest.fixture
def sample_root(tmp_path) -> Path:
    """A copy of the two-lesson sample course, with the real competence frameworks."""
    root = tmp_path / "curriculum"
    shutil.copytree(SAMPLE, root)
    shutil.copy(CURRICULUM_DIR / "competences.yaml", root / "competences.yaml")
    return root


@pytest.fixture
def course(db, sample_root) -> Course:
    load_curriculum(sample_root)
    return Course.objects.get(slug="mau")
