# JVM settings for a small VM, shared by scripts/run-embedded.sh and scripts/bench/idle-memory.sh;
# docs/operations.md ("Heap and GC") says why. Sourced; JAVA_OPTS replaces them.
#  - Serial GC: one or two cores, a heap under a few GB; no remembered sets, no GC threads.
#  - a small fixed young generation (-Xmn32m): its pages are all touched, so RSS holds the whole
#    eden however large; idle connections live in the old generation.
#  - the heap starts small and gives back what a full GC frees (free ratios 10..30 %), so RSS follows
#    the live data instead of the largest heap ever used.
#  - MaxRAMPercentage=50: the rest is for the JVM's own memory, the SQLite page cache and the OS.
ONRABBLE_JVM_OPTIONS="-XX:+UseSerialGC -Xms64m -Xmn32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
