#!/usr/bin/env bash
# Posts the effective-permission diff of a pull request where reviewers look: the job summary of
# the workflow run, and one comment on the pull request that later pushes update in place. Then
# applies the gate: the exit code is policyc diff's (1 when FAIL_ON matches a change).
#
# Environment (GitHub Actions sets the GITHUB_* ones):
#   BASE_REF             the pull request's base branch, e.g. main (github.base_ref)
#   PR_NUMBER            the pull request's number
#   GITHUB_REPOSITORY    owner/name of the repository
#   GITHUB_STEP_SUMMARY  file whose Markdown the run page shows (optional)
#   GH_TOKEN             token for the gh CLI; it needs pull-requests: write to comment
#   FAIL_ON              escalation (default), any or none
#   POLICYC              how to run policyc (default: npx policyc)
#   REMOTE               the remote the base branch was fetched from (default: origin)
set -euo pipefail

fail() {
  echo "post-diff: $1" >&2
  exit 2
}
[ -n "${BASE_REF:-}" ] || fail "BASE_REF must name the base branch"
[ -n "${PR_NUMBER:-}" ] || fail "PR_NUMBER must be the pull request's number"
[ -n "${GITHUB_REPOSITORY:-}" ] || fail "GITHUB_REPOSITORY must be owner/name"
read -r -a policyc <<<"${POLICYC:-npx policyc}"

body=$(mktemp)
trap 'rm -f "$body"' EXIT

status=0
"${policyc[@]}" diff "${REMOTE:-origin}/$BASE_REF" --format markdown --fail-on "${FAIL_ON:-escalation}" >"$body" || status=$?
# Exit 1 with no output means a side has errors (already printed); 2 is a usage or I/O error.
# Neither has a diff to post.
if [ ! -s "$body" ]; then
  exit "$status"
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$body" >>"$GITHUB_STEP_SUMMARY"
fi

# The Markdown starts with a marker line; a comment starting with it is ours to update.
marker=$(head -n 1 "$body")
comments="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"
existing=$(gh api "$comments" --paginate --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | tail -n 1) || existing=""
# Commenting can fail (a pull request from a fork gets a read-only token); the gate still applies.
if [ -n "$existing" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$body" >/dev/null ||
    echo "::warning::could not update the policy diff comment"
else
  gh pr comment "$PR_NUMBER" --body-file "$body" ||
    echo "::warning::could not comment on the pull request"
fi
exit "$status"
