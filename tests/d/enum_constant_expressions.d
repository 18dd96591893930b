/* An enumerator's value is any integer constant expression, earlier
 * enumerators in it, as in C and DTrace; the next one counts on from it. */
#pragma D option quiet

enum colors {
	RED,
	ORANGE = 5 + 5,
	YELLOW = 2,
	GREEN,
	BLUE = GREEN + ORANGE,
	PINK = 5 / 4,
	INDIGO = -2,
	VIOLET,
	WHITE = 1 << 4
};

BEGIN
{
	printf("%d %d %d %d %d %d %d %d %d\n", RED, ORANGE, YELLOW, GREEN, BLUE,
	    PINK, INDIGO, VIOLET, WHITE);
	exit(0);
}
