/*
 * Structs, unions and enums defined where a type goes: an anonymous
 * struct variable, a struct defined with its variable, definitions
 * nested in a member list, and typedefs of anonymous structs and unions.
 */
#pragma D option quiet

struct {
	int x;
	int y;
} origin;

this struct counter {
	long n;
	union {
		char c;
		int i;
	} last;
	enum level { LOW, HIGH = 5 } lvl;
} cnt;

typedef struct {
	short w;
	short h;
} size_t2;

typedef union {
	uint32_t word;
	uint8_t byte;
} cell_t;

size_t2 dims;
cell_t cell;

BEGIN
{
	origin.x = -3;
	origin.y = origin.x * origin.x;
	this->cnt.n = 2;
	this->cnt.last.i = 0x141;
	this->cnt.lvl = HIGH;
	dims.w = 640;
	dims.h = dims.w / 4 * 3;
	cell.word = 0x12345678;
	printf("%d %d\n", origin.x, origin.y);
	printf("%d %c %d %d\n", this->cnt.n, this->cnt.last.c, this->cnt.lvl, sizeof (this->cnt));
	printf("%d %d %x %x %d\n", dims.w, dims.h, cell.word, cell.byte, sizeof (cell_t));
	exit(0);
}
