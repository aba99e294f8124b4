#!/usr/bin/python3
"""Regenerates the GENIUS reference traces that anac_agents_test compares parley's native ANAC
agents with (see README.md here and docs/agents.md).

    tests/data/anac/regenerate.py CLASS NAME [--jobs 2] [--genius-ref DIR] [--data DIR]

runs, with ../shared/genius-ref/refrun.sh and seed 1, GENIUS class CLASS against
agents.TimeDependentAgentBoulware and agents.TimeDependentAgentConceder in both orders and
against itself, on the ten scenarios below, for 100 and 1000 rounds, and writes
tests/data/anac/NAME.jsonl: one line per session, with the refrun command, every move in a
compact form and the agreement.

Bids are value positions (0-based, in the domain file's order, issues joined by '.'); "bids"
lists the distinct bids offered, in order of first offer. Moves: space-separated groups; a
group is comma-separated items, each a number (an offer of bids[number]), "a" (accept) or "e"
(end), and "group*k" is the group k times: "0 1,0*3 a" is offers 0 1 0 1 0 1 0, then accept.
"""
import argparse, json, os, subprocess, sys, concurrent.futures
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
# (folder under ../shared/data/genius, domain, profile 1, profile 2)
SCENARIOS = [
    ("y2010/ItexvsCypress", "ItexvsCypress_domain.xml", "ItexvsCypress_Itex.xml", "ItexvsCypress_Cypress.xml"),
    ("y2010/EnglandZimbabwe", "EnglandZimbabwe_domain.xml", "England.xml", "Zimbabwe.xml"),
    ("y2010/Travel", "travel_domain.xml", "travel_chox.xml", "travel_fanny.xml"),
    ("y2011/Amsterdam", "Amsterdam_domain.xml", "Amsterdam_party1.xml", "Amsterdam_party2.xml"),
    ("y2011/Camera", "camera_domain.xml", "camera_buyer_utility.xml", "camera_seller_utility.xml"),
    ("y2011/Car", "adg.xml", "adg_deal.xml", "adg_deal2.xml"),
    ("y2011/Grocery", "Grocery_domain.xml", "Grocery_domain_mary.xml", "Grocery_domain_sam.xml"),
    ("y2011/IS_BT_Acquisition", "IS_BT_Acquisition.xml", "IS_BT_Acquisition_BT_prof.xml", "IS_BT_Acquisition_IS_prof.xml"),
    ("y2011/Laptop", "laptop_domain.xml", "laptop_buyer_utility.xml", "laptop_seller_utility.xml"),
    ("y2011/NiceOrDie", "NiceOrDie.xml", "NiceOrDie1.xml", "NiceOrDie2.xml"),
]
BOULWARE = "agents.TimeDependentAgentBoulware"
CONCEDER = "agents.TimeDependentAgentConceder"
SEED = 1


def value_positions(domain_path):
    root = ET.parse(domain_path).getroot()
    issues = []
    for issue in root.iter("issue"):
        issues.append((issue.get("name"), {item.get("value"): i for i, item in enumerate(issue.findall("item"))}))
    return issues


def encode_bid(issues, bid):
    return ".".join(str(values[bid[name]]) for name, values in issues)


def compress(tokens):
    """Groups of up to 4 items repeated k times, greedily (see the module's docstring)."""
    out, i = [], 0
    while i < len(tokens):
        best = (1, 1)  # (period, repeats)
        for period in range(1, 5):
            group = tokens[i:i + period]
            if len(group) < period:
                break
            k = 1
            while tokens[i + k * period:i + (k + 1) * period] == group:
                k += 1
            if k > 1 and period * k > best[0] * best[1]:
                best = (period, k)
        period, k = best
        text = ",".join(tokens[i:i + period])
        out.append(text if k == 1 else f"{text}*{k}")
        i += period * k
    return " ".join(out)


def encode_moves(moves):
    """moves: "o<bid>", "a", "e" -> (bids, compressed move text)."""
    bids, index, tokens = [], {}, []
    for m in moves:
        if m[0] == "o":
            if m[1:] not in index:
                index[m[1:]] = len(bids)
                bids.append(m[1:])
            tokens.append(str(index[m[1:]]))
        else:
            tokens.append(m)
    return bids, compress(tokens)


def run(job):
    refrun, data, (folder, dom, p1, p2), a, b, rounds = job
    d = os.path.join(data, folder)
    profiles = (p1, p2) if True else None
    cmd = [refrun, "--quiet", os.path.join(d, dom), os.path.join(d, p1), os.path.join(d, p2), a, b, str(rounds), str(SEED)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
    issues = value_positions(os.path.join(d, dom))
    moves, final = [], None
    for line in out:
        rec = json.loads(line)
        if "agreement" in rec:
            final = rec
            continue
        act = rec["action"]
        moves.append("o" + encode_bid(issues, rec["bid"]) if act == "offer" else "a" if act == "accept" else "e")
    bids, text = encode_moves(moves)
    shown = ["../shared/genius-ref/refrun.sh", "--quiet"] + [f"../shared/data/genius/{folder}/{f}" for f in (dom, p1, p2)] + [a, b, str(rounds), str(SEED)]
    return {
        "scenario": folder, "domain": dom, "profiles": [p1, p2], "agents": [a, b], "rounds": rounds, "seed": SEED,
        "command": " ".join(shown),
        "agreement": None if final["agreement"] is None else encode_bid(issues, final["agreement"]),
        "round": final["round"], "utilities": final["utilities"], "error": final["error"],
        "bids": bids, "moves": text,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cls")
    ap.add_argument("name")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--genius-ref", default=os.path.join(ROOT, "..", "shared", "genius-ref"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "genius"))
    args = ap.parse_args()
    refrun = os.path.join(os.path.abspath(args.genius_ref), "refrun.sh")
    jobs = []
    for rounds in (100, 1000):
        for sc in SCENARIOS:
            for a, b in ((args.cls, BOULWARE), (BOULWARE, args.cls), (args.cls, CONCEDER), (CONCEDER, args.cls), (args.cls, args.cls)):
                jobs.append((refrun, os.path.abspath(args.data), sc, a, b, rounds))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run, jobs))
    path = os.path.join(HERE, args.name + ".jsonl")
    with open(path, "w") as f:
        for r in results:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")
    print(f"wrote {len(results)} sessions to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
