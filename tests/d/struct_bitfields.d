/*
 * Bitfields of a struct variable: unsigned ones wrap to their width,
 * signed ones sign-extend from their top bit, neighbours stay as they
 * were; each takes the bytes its width needs (DTrace's layout).
 */
#pragma D option quiet

struct packet {
	unsigned int version : 4;
	int delta : 5;
	unsigned char urgent : 1;
	long seq : 40;
} pkt;

struct two {
	char a : 2;
	short b : 12;
} small;

BEGIN
{
	pkt.version = 6;
	pkt.delta = -3;
	pkt.urgent = 3;
	pkt.seq = 0xffffffffff;
	pkt.version += 11;
	printf("%d %d %d %d\n", pkt.version, pkt.delta, pkt.urgent, pkt.seq);
	pkt.delta = 15;
	pkt.delta++;
	printf("%d %d %d\n", pkt.version, pkt.delta, pkt.seq);
	printf("%d %d\n", sizeof (pkt), sizeof (small));
	exit(0);
}
