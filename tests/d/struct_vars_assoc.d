/*
 * Associative arrays whose values are structs: members written in place
 * (a[k].m), whole values copied in and out, and 0 stored to delete an
 * element, which then reads as zeros; a struct as a key.
 */
#pragma D option quiet

struct stat {
	int calls;
	long bytes;
};

struct stat st[string];
this struct stat one;

BEGIN
{
	st["read"].calls++;
	st["read"].calls++;
	st["read"].bytes += 4096;
	st["write"].calls = 1;
	this->one = st["read"];
	this->one.bytes *= 2;
	st["copy"] = this->one;
	printf("%d %d\n", st["read"].calls, st["read"].bytes);
	printf("%d %d\n", st["copy"].calls, st["copy"].bytes);
	st["read"] = 0;
	printf("%d %d %d\n", st["read"].calls, st["read"].bytes, st["write"].calls);
	seen[this->one] = 5;
	this->one.calls = 9;
	seen[this->one] = 6;
	this->one.calls = 2;
	printf("%d\n", seen[this->one]);
	exit(0);
}
