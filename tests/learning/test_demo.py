from hocvuso.accounts.models import User
from hocvuso.demo.ward import load_demo_ward
from hocvuso.learning import queries
from hocvuso.learning.curriculum import load_curriculum
from hocvuso.learning.demo import populate_learning
from hocvuso.learning.models import Certificate, Classroom


def test_the_demo_ward_has_learners_a_class_and_certificates(db):
    load_curriculum()
    ward = load_demo_ward(residents=800)
    coach = User.objects.get(username="huongdan")
    populate_learning(ward=ward, coach=coach, seed=1)
    populate_learning(ward=ward, coach=coach, seed=1)  # a second run adds nothing
    classroom = Classroom.objects.get()
    assert classroom.coach == coach and classroom.assignments.count() == 2
    assert classroom.meets_at == "Nhà văn hoá tổ dân phố số 11"
    assert classroom.schedule == "Tối thứ Ba, 19:00–20:30"
    counts = queries.counts_by_group([ward.pk])
    assert sum(c.learners for c in counts.values()) > 20
    assert sum(c.certificates for c in counts.values()) == Certificate.objects.count() > 0
    assert queries.class_report(classroom).rows
