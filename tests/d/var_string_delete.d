/* Assigning 0 to a string-valued thread-local or associative array element
 * deletes it, as in DTrace (`self->path = 0` after a copyinstr()): with
 * room for a few strings only, 500 stores each followed by a delete leave
 * room for one more, and a deleted variable compares equal to NULL. */
#pragma D option quiet
#pragma D option dynvarsize=8k

BEGIN
{
	for (i = 0; i < 500; i++) {
		a[i] = "a string that takes an entry";
		a[i] = 0;
	}
	a[1000] = "stored after 500 deletes";
	printf("%s\n", a[1000]);
	self->s = "thread-local";
	printf("set: %d\n", self->s == NULL);
	self->s = 0;
	printf("deleted: %d\n", self->s == NULL);
	exit(0);
}
