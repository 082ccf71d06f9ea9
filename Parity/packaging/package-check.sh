#!/usr/bin/env bash
# Checks the library packages the way a .NET service uses them:
#  1. packs Word2VecNative (Engine) and Word2VecNative.Gpu, Release, from a copy of the sources into a local feed;
#  2. checks each .nupkg: id and version, the Apache-2.0 license expression, the README, the XML documentation,
#     LICENSE and NOTICE, the Gpu package's dependency on Word2VecNative; and that a .snupkg holds the PDB;
#  3. builds a console app outside the repository (from Parity/packaging/app) that references both packages by
#     PackageReference, with a nuget.config listing the local feed (the only source of Word2VecNative*) and the
#     machine's usual package sources, and a package cache of its own, so that no cached copy of an earlier build
#     can be picked up. It runs the code blocks of README.md's "## Library" section as they are, each the body of a
#     method of its own (with the block's using lines only), in order, in a folder holding corpus.txt;
#     the package READMEs' examples run too (the Gpu one where OpenCL sees a device, PoCL included);
#  4. runs it with `dotnet run` and checks what it prints and that the packages came from the local feed.
#
# It takes about a minute on two cores (most of it the two builds), and is run by Parity/PackageCheckTests.cs.
#
# Usage: Parity/packaging/package-check.sh [WORK_DIR]
# WORK_DIR (default: a new temporary folder, removed at the end unless KEEP=1) receives src/, feed/, app/ and
# packages/. Needs dotnet and python3. Prints "package check passed" and exits 0, or says what failed and exits 1.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dotnet=${DOTNET:-dotnet}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No build server or node outlives a command (one left running would hold the caller's output pipes open).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
build_flags=(--disable-build-servers)

if [ $# -ge 1 ]; then
  work=$(mkdir -p "$1" && cd "$1" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/w2v-package-check-XXXXXX")
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
case "$work/" in "$repo"/*) echo "error: the work folder $work is inside the repository" >&2; exit 1 ;; esac
command -v python3 >/dev/null || { echo "error: python3 is needed to read the packages and README.md" >&2; exit 1; }

start=$SECONDS
step() { echo "== [$((SECONDS - start)) s] $*"; }
fail() { echo "package check FAILED: $*" >&2; exit 1; }

src=$work/src feed=$work/feed app=$work/app packages=$work/packages
rm -rf "$src" "$feed" "$app" "$packages"
mkdir -p "$src" "$feed" "$app" "$packages"

step "copying the library sources to $src"
library=(Directory.Build.props Directory.Build.targets global.json .editorconfig LICENSE NOTICE Engine Engine.Gpu)
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked and untracked-but-not-ignored files as they are on disk: what a clean clone with these changes builds.
  (cd "$repo" && git ls-files -z -co --exclude-standard -- "${library[@]}" \
      | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done) \
    | (cd "$repo" && tar --null -T - -cf -) | tar -xf - -C "$src"
else
  (cd "$repo" && tar --exclude=bin --exclude=obj -cf - "${library[@]}") | tar -xf - -C "$src"
fi
[ -f "$src/Engine/Word2VecNative.Engine.csproj" ] || fail "the Engine sources were not copied"

version=$(python3 -c 'import re,sys; m=re.search(r"<Version>([^<]+)</Version>", open(sys.argv[1]).read()); print(m.group(1) if m else "")' \
  "$src/Directory.Build.props")
[ -n "$version" ] || fail "Directory.Build.props sets no <Version>"

# The API baseline: the packages as the commit named in Parity/packaging/api-baseline made them. Packing the
# current sources compares each package with its baseline (package validation, Directory.Build.targets); a
# public member removed or changed since then fails the pack unless the project's CompatibilitySuppressions.xml
# lists it. Without git history (a copy, or a shallow clone without that commit) this step is skipped, and said so.
baseline_commit=$(sed -e 's/#.*//' "$repo/Parity/packaging/api-baseline" | tr -d '[:space:]')
validation=()
if git -C "$repo" cat-file -e "$baseline_commit^{commit}" 2>/dev/null; then
  step "packing the API baseline ($baseline_commit) into $work/baseline"
  bsrc=$work/baseline-src bfeed=$work/baseline
  mkdir -p "$bsrc" "$bfeed"
  git -C "$repo" archive "$baseline_commit" -- $(cd "$repo" && git ls-tree --name-only "$baseline_commit" -- "${library[@]}") \
    | tar -xf - -C "$bsrc"
  bversion=$(python3 -c 'import re,sys; print(re.search(r"<Version>([^<]+)</Version>", open(sys.argv[1]).read()).group(1))' \
    "$bsrc/Directory.Build.props")
  "$dotnet" pack "$bsrc/Engine.Gpu/Word2VecNative.Gpu.csproj" -c Release -o "$bfeed" "${build_flags[@]}" -nologo -v:q \
    || fail "dotnet pack of the baseline's Engine.Gpu failed"
  "$dotnet" pack "$bsrc/Engine/Word2VecNative.Engine.csproj" -c Release -o "$bfeed" --no-build "${build_flags[@]}" -nologo -v:q \
    || fail "dotnet pack of the baseline's Engine failed"
  validation=(-p:ApiBaselineFeed="$bfeed" -p:ApiBaselineVersion="$bversion")
elif [ "${CI:-}" = true ]; then
  fail "the API baseline commit $baseline_commit is not in this clone's history"
else
  step "no API baseline: commit $baseline_commit is not in this clone's history (packages are validated alone)"
fi

step "packing Word2VecNative $version and Word2VecNative.Gpu $version into $feed"
"$dotnet" pack "$src/Engine.Gpu/Word2VecNative.Gpu.csproj" -c Release -o "$feed" -p:ContinuousIntegrationBuild=true \
  "${validation[@]}" "${build_flags[@]}" -nologo -v:q || fail "dotnet pack Engine.Gpu failed (package validation against the API baseline included)"
"$dotnet" pack "$src/Engine/Word2VecNative.Engine.csproj" -c Release -o "$feed" --no-build -p:ContinuousIntegrationBuild=true \
  "${validation[@]}" "${build_flags[@]}" -nologo -v:q || fail "dotnet pack Engine failed (package validation against the API baseline included)"

step "checking the packages"
python3 - "$feed" "$version" <<'EOF' || fail "the packages are incomplete (see above)"
import re, sys, zipfile
from pathlib import Path

feed, version = Path(sys.argv[1]), sys.argv[2]
problems = []
# package id -> (assembly name, a documented type that must be in its XML file)
expected = {
    "Word2VecNative": ("Word2VecNative.Engine", "T:Word2VecNative.Training.Trainer"),
    "Word2VecNative.Gpu": ("Word2VecNative.Gpu", "T:Word2VecNative.Gpu.GpuTrainer"),
}
for pid, (assembly, doc_member) in expected.items():
    nupkg, snupkg = feed / f"{pid}.{version}.nupkg", feed / f"{pid}.{version}.snupkg"
    if not nupkg.exists():
        problems.append(f"{nupkg.name} was not made")
        continue
    with zipfile.ZipFile(nupkg) as z:
        names = set(z.namelist())
        print(f"{nupkg.name}: " + ", ".join(sorted(n for n in names if not n.startswith(("_rels/", "package/", "[")))))
        nuspec = z.read(f"{pid}.nuspec").decode("utf-8-sig")
        def need(what, ok):
            if not ok:
                problems.append(f"{nupkg.name}: {what}")
        need(f"nuspec id is not {pid}", f"<id>{pid}</id>" in nuspec)
        need(f"nuspec version is not {version}", f"<version>{version}</version>" in nuspec)
        need("no Apache-2.0 license expression", '<license type="expression">Apache-2.0</license>' in nuspec)
        need("no <readme>README.md</readme>", "<readme>README.md</readme>" in nuspec)
        need("no description", re.search(r"<description>[^<]{40,}</description>", nuspec) is not None)
        need("no tags", re.search(r"<tags>[^<]*word2vec[^<]*</tags>", nuspec) is not None)
        for f in ["README.md", "NOTICE", "LICENSE", f"lib/net10.0/{assembly}.dll", f"lib/net10.0/{assembly}.xml"]:
            need(f"{f} is missing", f in names)
        if "NOTICE" in names:
            need("NOTICE does not credit word2vec", b"word2vec" in z.read("NOTICE"))
        if "README.md" in names:
            need("README.md has no C# example", b"```csharp" in z.read("README.md"))
        xml = f"lib/net10.0/{assembly}.xml"
        if xml in names:
            need(f"{xml} does not document {doc_member}", f'<member name="{doc_member}">'.encode() in z.read(xml))
        need("holds a PDB (symbols belong in the .snupkg)", not any(n.endswith(".pdb") for n in names))
        if pid == "Word2VecNative.Gpu":
            need(f"no dependency on Word2VecNative {version}",
                 re.search(rf'<dependency id="Word2VecNative" version="{re.escape(version)}"', nuspec) is not None)
    if not snupkg.exists():
        problems.append(f"{snupkg.name} was not made")
    else:
        with zipfile.ZipFile(snupkg) as z:
            if f"lib/net10.0/{assembly}.pdb" not in z.namelist():
                problems.append(f"{snupkg.name}: lib/net10.0/{assembly}.pdb is missing")
for p in problems:
    print("FAIL: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

step "writing the app in $app"
cp "$repo/Parity/packaging/app/PackageCheck.csproj" "$repo/Parity/packaging/app/Given.cs" "$repo/Parity/packaging/app/Checks.cs" "$app/"
# The app's own Directory.Build.props stops MSBuild from importing any found above the temporary folder.
cat > "$app/Directory.Build.props" <<EOF
<Project>
  <PropertyGroup>
    <Word2VecNativeVersion>$version</Word2VecNativeVersion>
  </PropertyGroup>
</Project>
EOF
echo '<Project />' > "$app/Directory.Build.targets"
# Sources: the local feed, the only one Word2VecNative* may come from, then the machine's enabled sources (what a
# service's restore uses here; `dotnet nuget list source` outside the repository reads the user configuration).
(cd "$app" && "$dotnet" nuget list source --format detailed) > "$work/sources.txt" || fail "dotnet nuget list source failed"
python3 - "$work/sources.txt" "$feed" "$app/nuget.config" <<'EOF' || fail "no enabled package source to restore the packages' dependencies from"
import re, sys
from xml.sax.saxutils import quoteattr
listing, feed, out = open(sys.argv[1]).read().splitlines(), sys.argv[2], sys.argv[3]
sources = []
for i, line in enumerate(listing):
    m = re.match(r"\s*\d+\.\s+(.+?)\s+\[Enabled\]\s*$", line)
    if m and i + 1 < len(listing):
        sources.append((m.group(1), listing[i + 1].strip()))
sources = [s for s in sources if s[0] != "word2vecnative-local"]
if not sources:
    sys.exit(1)
lines = ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <packageSources>", "    <clear />",
         f'    <add key="word2vecnative-local" value={quoteattr(feed)} />']
lines += [f"    <add key={quoteattr(name)} value={quoteattr(url)} />" for name, url in sources]
lines += ["  </packageSources>", "  <packageSourceMapping>", '    <packageSource key="word2vecnative-local">',
          '      <package pattern="Word2VecNative" />', '      <package pattern="Word2VecNative.*" />', "    </packageSource>"]
for name, _ in sources:
    lines += [f"    <packageSource key={quoteattr(name)}>", '      <package pattern="*" />', "    </packageSource>"]
lines += ["  </packageSourceMapping>", "</configuration>", ""]
open(out, "w").write("\n".join(lines))
print("sources: word2vecnative-local (Word2VecNative*), " + ", ".join(f"{n} ({u})" for n, u in sources))
EOF
python3 - "$repo" "$app" <<'EOF' || fail "could not make Program.cs from README.md (see above)"
import re, sys
from pathlib import Path

repo, app = Path(sys.argv[1]), Path(sys.argv[2])
using_directive = re.compile(r"^\s*using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>, ]+)?\s*;\s*$")

def csharp_blocks(text, where):
    blocks = re.findall(r"^```csharp[ \t]*\n(.*?)^```", text, re.S | re.M)
    if not blocks:
        sys.exit(f"error: no ```csharp block in {where}")
    return blocks

def split(block):
    """(using directives, statements) of a snippet."""
    lines = block.splitlines()
    statements = [l for l in lines if not using_directive.match(l)]
    while statements and not statements[0].strip():
        statements.pop(0)
    return [l.strip() for l in lines if using_directive.match(l)], statements

readme = (repo / "README.md").read_text()
m = re.search(r"^## Library[ \t]*\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
if not m:
    sys.exit('error: README.md has no "## Library" section')
# Each block of the Library section becomes the body of a method of its own, in a file with the block's using lines
# only and in no namespace: it compiles only as it would on its own (a block that awaits gets an async method).
library = []
for i, block in enumerate(csharp_blocks(m.group(1), 'README.md\'s "## Library" section'), 1):
    u, statements = split(block)
    cls = f"ReadmeLibrary{i}"
    run = "public static async Task Run()" if any(re.search(r"\bawait\b", l) for l in statements) else "public static void Run()"
    code = "\n".join(u) + f"\n\n// README.md, \"## Library\", code block {i}\ninternal static class {cls}\n{{\n    {run}\n    {{\n"
    code += "\n".join(("        " + l) if l.strip() else "" for l in statements) + "\n    }\n}\n"
    (app / f"{cls}.cs").write_text(code)
    library.append((cls, run.startswith("public static async")))

# Each package README's example becomes a method, so that its names do not meet the library example's.
runners = []
for pid, readme_path in [("Word2VecNative", "Engine/README.md"), ("Word2VecNative.Gpu", "Engine.Gpu/README.md")]:
    cls = "PackageReadme_" + pid.replace(".", "_")
    u, statements = [], []
    for block in csharp_blocks((repo / readme_path).read_text(), readme_path):
        bu, bs = split(block)
        u += bu
        statements += bs
    code = "\n".join(dict.fromkeys(u)) + f"\n\n// {readme_path}, its code blocks\ninternal static class {cls}\n{{\n    public static void Run()\n    {{\n"
    code += "\n".join(("        " + l) if l.strip() else "" for l in statements) + "\n    }\n}\n"
    (app / f"{cls}.cs").write_text(code)
    runners.append((pid, cls))

program = ["// Made by Parity/packaging/package-check.sh: README.md's library example, run against the packages."]
program += ["using Word2VecNative.PackageCheck;", "", "Checks.Assemblies(args[0]);"]
program += ["Checks.LibraryExample(Checks.LibraryExamples(3000, async () =>", "{"]
program += [f"    {'await ' if awaits else ''}{cls}.Run();" for cls, awaits in library]
program += ["    await Task.CompletedTask;", "}));"]
for pid, cls in runners:
    if pid.endswith(".Gpu"):
        program += ["if (Checks.HasOpenClDevice(out string noDevice))", f'    Checks.PackageReadme("{pid}", 3000, {cls}.Run);', "else",
                    f'    Console.WriteLine($"{pid} README example: compiled, not run (no OpenCL device: {{noDevice}})");']
    else:
        program += [f'Checks.PrintsCities("{pid}", Checks.PackageReadme("{pid}", 20000, {cls}.Run));']
program += ["return Checks.Failures == 0 ? 0 : 1;", ""]
(app / "Program.cs").write_text("\n".join(program))
EOF

step "restoring, building and running the app (package cache: $packages)"
run_log=$work/app-output.txt
set +e
(cd "$app" && NUGET_PACKAGES="$packages" "$dotnet" run -c Release "${build_flags[@]}" -- "$version") > "$run_log" 2>&1
rc=$?
set -e
tr '\r' '\n' < "$run_log" | grep -v '^Alpha: ' || true
if [ $rc -ne 0 ]; then
  echo "--- $app/Program.cs:" >&2
  cat -n "$app/Program.cs" >&2
  fail "the app exited $rc"
fi

step "checking where the packages came from"
python3 - "$app/obj/project.assets.json" "$packages" "$feed" "$version" <<'EOF' || fail "the app did not use the packages of the local feed"
import json, sys
from pathlib import Path
assets, packages, feed, version = json.load(open(sys.argv[1])), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
problems = []
for pid in ["Word2VecNative", "Word2VecNative.Gpu"]:
    lib = assets["libraries"].get(f"{pid}/{version}")
    if lib is None or lib.get("type") != "package":
        problems.append(f"{pid} {version} is not a package reference of the app: {lib}")
        continue
    meta = packages / pid.lower() / version / ".nupkg.metadata"
    source = json.load(open(meta)).get("source") if meta.exists() else None
    if source is None or Path(source).resolve() != feed.resolve():
        problems.append(f"{pid} {version} was restored from {source}, not {feed}")
    else:
        print(f"{pid} {version}: restored from {source}")
for p in problems:
    print("FAIL: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

step "package check passed"
