#!/usr/bin/env python3
"""Breakdown of a `perf record -g` profile of the bridge by stage of the media path (issue 14).

Record the bridge while the load harness measures (JIT frames need the runtime's perf map and no double mapping):
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet tests/Bridge.LoadTests/bin/Release/net10.0/Bridge.LoadTests.dll --servers bridge --participants 50
  perf record -F 999 -g -p <server process> -o bridge.data -- sleep 20
  perf script -i bridge.data -F comm,ip,sym > bridge.txt
  python3 tests/Bridge.LoadTests/perf-breakdown.py bridge.txt [CPU % of one core] [participants]
Each sample is given to the first stage whose pattern matches its call chain (leaf to root), so the order matters.
With the CPU % and the participant count it also prints microseconds per participant per 20 ms tick.
"""
import collections
import re
import sys

STAGES = [
    ("thread-pool spin (sched_yield)", r"sched_yield"),
    ("JIT / tiering", r"libclrjit|Tiered"),
    ("SRTP", r"Srtp|AesCm|HMACSHA"),
    ("jitter buffer insert", r"JitterBuffer::Put"),
    ("jitter buffer read", r"JitterBuffer::Get"),
    ("decode + loss concealment", r"LossConcealer|Decode"),
    ("encode", r"Encode"),
    ("send (sendmsg; on loopback includes the kernel's delivery)", r"sendmsg|sendto|SendAudio|TrySend|SendTo"),
    ("receive (recvmsg, socket engine)", r"recvmsg|ReceiveLoop|ReceiveFrom|SocketAsyncEngine|epoll|HandleSocketEvents|sock_poll"),
    ("thread-pool hand-off (futex wake/wait, queueing)", r"futex|LowLevelLifoSemaphore|ThreadPoolWorkQueue|PortableThreadPool|UnsafeQueue"),
    ("SIP", r"Bridge\.Sip"),
    ("mix (read, sum, subtract, clamp)", r"MixRoom|MixMath|LegAudioReader|EncodeGroup|TalkerDetector"),
    ("timers", r"TimerQueue|\.NET Timer"),
    ("GC", r"gc_heap|GCHeap|WKS::|SVR::"),
]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    counts = collections.Counter()
    total = 0
    with open(sys.argv[1], errors="replace") as script:
        for block in script.read().split("\n\n"):
            lines = [line for line in block.split("\n") if line.strip()]
            if not lines:
                continue
            total += 1
            chain = "\n".join(lines)
            stage = next((name for name, pattern in STAGES if re.search(pattern, chain)), None)
            if stage is None:
                stage = "mixer thread, other" if lines[0].startswith("mixer") else f"other ({lines[0].strip()})"
            counts[stage] += 1
    cpu = float(sys.argv[2]) if len(sys.argv) > 2 else None
    participants = int(sys.argv[3]) if len(sys.argv) > 3 else None
    print(f"{total} samples")
    for stage, count in counts.most_common():
        share = count / total
        line = f"{100 * share:5.1f} %  {stage}"
        if cpu and participants:
            # CPU % of one core -> µs of CPU per 20 ms tick, shared among the participants
            line += f"   {share * cpu / 100 * 20000 / participants:6.2f} µs per participant per tick"
        print(line)


if __name__ == "__main__":
    main()
