"""--verify picks every distinct primitive request once, shrunk to a width Aer runs quickly."""


from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.verify import REDUCE, reduced_requests


def test_reduced_requests_are_distinct_and_small(fake_registry):
    spec = S.NetworkSpec.model_validate({
        "preset": "resnet18", "input": {"channels": 3, "height": 32, "width": 32},
        "readout": {"protocol": "tomography_linf", "delta": 0.05}})
    requests = reduced_requests(compile_network(spec))
    names = [n for n, _ in requests]
    assert {"qrom", "dot", "mac", "add_const", "relu", "add", "compare", "sub", "ctrl_add",
            "qdac", "inner_product"} <= set(names)
    assert len({(n, tuple(sorted(p.items()))) for n, p in requests}) == len(requests)
    for _, params in requests:
        for key, limit in REDUCE.items():
            if key in params:
                assert params[key] <= limit
