"""pytest plugin for running Ceph s3-tests against the FAVE embedded S3 server.

Loaded by run.sh with `-p fave_s3_groups`. It keeps the tests of the features the server
implements (grouped as below), deselects the rest with the reason, and writes a summary of
pass/fail per group plus every failure's first error line to $FAVE_S3_SUMMARY (JSON).

A test is out of scope when a marker, its name, or its source shows it needs a feature the
server does not have (ACL, policy, lifecycle, versioning, encryption, object lock, tagging,
website, CORS, STS, IAM, logging, SigV2, POST uploads, a second or anonymous user, ...).
Otherwise it belongs to the first group whose rule matches; a test in no group is
deselected as "no in-scope group".
"""

import inspect
import json
import os
import re

import pytest

OUT_OF_SCOPE_MARKERS = {
    'abac_test', 'appendobject', 'auth_aws2', 'bucket_encryption', 'bucket_logging', 'bucket_logging_cleanup',
    'bucket_policy', 'cloud_restore', 'cloud_transition', 'delete_marker', 'encryption', 'fails_without_logging_rollover',
    'group', 'group_policy', 'iam_account', 'iam_cross_account', 'iam_role', 'iam_tenant', 'iam_user', 'lifecycle',
    'lifecycle_expiration', 'lifecycle_transition', 'object_lock', 'object_ownership', 'role_policy', 's3select',
    's3website', 's3website_redirect_location', 's3website_routing_rules', 'session_policy', 'sns', 'sse_s3',
    'storage_class', 'tagging', 'target_by_bucket', 'test_of_sts', 'token_claims_trust_policy_test',
    'token_principal_tag_role_policy_test', 'token_request_tag_trust_policy_test', 'token_resource_tags_test',
    'token_role_tags_test', 'token_tag_keys_test', 'user_policy', 'versioning', 'webidentity_test',
}

# (reason, pattern on the test name)
OUT_OF_SCOPE_NAMES = [
    ('ACL', r'acl|grant|canned|access_bucket'),
    ('policy', r'policy'),
    ('lifecycle', r'lifecycle|_lc_|expiration|transition|restore'),
    ('versioning', r'version|delete_marker'),
    ('encryption', r'encrypt|sse|kms'),
    ('object lock', r'lock|retention|legal_hold'),
    ('tagging', r'tag'),
    ('website', r'website'),
    ('CORS', r'cors'),
    ('STS/IAM', r'sts|iam|assume_role|webidentity'),
    ('logging', r'logging'),
    ('SigV2', r'aws2|_v2$'),
    ('second user', r'tenant|nonowner|not_owned|owner|alt_user'),
    ('anonymous access', r'anon|unauthenticated|public'),
    ('POST object (browser form upload)', r'post_object'),
    ('usage/torrent/select/ownership', r'usage|torrent|select|ownership|bucket_create_naming|requestpayment'),
    ('list_unordered (RGW extension)', r'unordered'),
]

# (reason, pattern on the test source): the helpers that bring in another user or a feature
OUT_OF_SCOPE_SOURCE = [
    ('second user', r'get_alt_client|get_tenant_client|get_v2_tenant_client|get_alt_iam_client|alt_user_id|get_main_user_id'),
    ('anonymous access', r'get_unauthenticated_client|get_anon'),
    ('ACL', r'put_bucket_acl|put_object_acl|get_bucket_acl|get_object_acl|Grant'),
    ('versioning', r'check_configure_versioning|put_bucket_versioning|VersionId'),
    ('tagging', r'put_object_tagging|Tagging='),
    ('policy', r'put_bucket_policy'),
    ('encryption', r'SSECustomer|ServerSideEncryption'),
    ('IAM', r'get_iam_'),
]

# (group, rule) — the first matching group wins. A rule sees the name, markers and source.
GROUPS = [
    ('presigned URLs', lambda n, m, s: 'presign' in n or 'x_amz_expires' in n or 'generate_presigned_url' in s),
    ('object attributes', lambda n, m, s: 'object_attributes' in n),
    ('checksums', lambda n, m, s: 'checksum' in m or 'checksum' in n or 'cksum' in n or '_md5' in n),
    ('conditional requests', lambda n, m, s: 'conditional_write' in m
        or re.search(r'if_?match|if_?none_?match|ifnonmatch|if_?modified|if_?unmodified|conditional', n) is not None),
    ('copy', lambda n, m, s: 'copy' in m or 'copy' in n),
    ('multipart', lambda n, m, s: 'multipart' in n or 'upload_part' in n or 'get_part' in n or 'resend' in n),
    ('ranges', lambda n, m, s: 'range' in n),
    ('listing', lambda n, m, s: 'list_objects_v2' in m
        or re.search(r'list|prefix|delimiter|maxkeys|marker|continuationtoken|startafter|fetchowner|key_count', n) is not None),
    ('objects', lambda n, m, s: re.search(r'object|atomic|100_continue|_key_|content', n) is not None),
]
GROUP_NAMES = [g for g, _ in GROUPS]


def classify(item):
    """(group, None) for an in-scope test, (None, reason) for one left out."""
    name = item.originalname if hasattr(item, 'originalname') else item.name
    markers = {m.name for m in item.iter_markers()}
    out = sorted(markers & OUT_OF_SCOPE_MARKERS)
    if out:
        return None, 'marker ' + out[0]
    for reason, pattern in OUT_OF_SCOPE_NAMES:
        if re.search(pattern, name):
            return None, reason
    try:
        source = inspect.getsource(item.function)
    except (OSError, TypeError):
        source = ''
    for reason, pattern in OUT_OF_SCOPE_SOURCE:
        if re.search(pattern, source):
            return None, reason
    for group, rule in GROUPS:
        if rule(name, markers, source):
            return group, None
    return None, 'no in-scope group'


class Recorder:
    def __init__(self):
        self.groups = {}
        self.outcomes = {}
        self.failures = {}
        self.deselected = {}

    def pytest_collection_modifyitems(self, config, items):
        keep, drop = [], []
        for item in items:
            group, reason = classify(item)
            if group is None:
                drop.append(item)
                self.deselected[reason] = self.deselected.get(reason, 0) + 1
            else:
                keep.append(item)
                self.groups[item.nodeid] = group
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep

    def pytest_runtest_logreport(self, report):
        nodeid = report.nodeid
        if nodeid not in self.groups:
            return
        if report.failed:
            # A failure in setup, call or teardown fails the test; the first one is its reason.
            self.outcomes[nodeid] = 'failed'
            if nodeid not in self.failures:
                text = str(report.longrepr) if report.longrepr is not None else ''
                errors = [line.strip()[1:].strip() for line in text.splitlines() if line.strip().startswith('E ')]
                self.failures[nodeid] = errors[0] if errors else (text.strip().splitlines() or [''])[-1]
        elif report.skipped and self.outcomes.get(nodeid) != 'failed':
            self.outcomes[nodeid] = 'skipped'
        elif report.when == 'call' and self.outcomes.get(nodeid) != 'failed':
            self.outcomes[nodeid] = 'passed'

    def pytest_sessionfinish(self, session):
        path = os.environ.get('FAVE_S3_SUMMARY')
        if not path:
            return
        per_group = {g: {'passed': 0, 'failed': 0, 'skipped': 0, 'total': 0} for g in GROUP_NAMES}
        for nodeid, group in self.groups.items():
            outcome = self.outcomes.get(nodeid, 'failed')
            per_group[group][outcome] += 1
            per_group[group]['total'] += 1
        tests = [
            {'test': nodeid.split('::')[-1], 'file': nodeid.split('::')[0].split('/')[-1], 'group': group,
             'outcome': self.outcomes.get(nodeid, 'failed'), 'error': self.failures.get(nodeid)}
            for nodeid, group in self.groups.items()
        ]
        with open(path, 'w') as out:
            json.dump({'groups': per_group, 'deselected': self.deselected, 'tests': tests}, out, indent=1)


def pytest_configure(config):
    config.pluginmanager.register(Recorder(), 'fave_s3_recorder')
