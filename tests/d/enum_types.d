/*
 * A declared enum's tag is a type, as C's: a signed 4-byte integer, in
 * variables, casts, sizeof and struct members.
 */
enum colour { RED, GREEN = 5, BLUE };
struct painted {
	char c;
	enum colour hue;
};
enum colour v;
this struct painted p;
BEGIN
{
	v = BLUE;
	this->p.hue = GREEN;
	printf("%d %d %d %d %d\n", v, sizeof (enum colour), sizeof (struct painted),
	    offsetof(struct painted, hue), this->p.hue);
	printf("%d %d\n", (enum colour)-1 < 0, (enum colour)0x100000001);
	exit(0);
}
