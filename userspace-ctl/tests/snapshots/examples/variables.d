/* Every storage class, declarations, loops and a struct. */
int total;
self int depth;
this string name;
int seen[string, int];
inline int LIMIT = 4;
typedef unsigned char byte_t;
enum state { IDLE, BUSY = 3 };
struct pair { int a; long b; };

fbt::ksys_read:entry
{
	self->depth++;
	this->name = execname;
	seen[this->name, pid] += 1;
}

fbt::ksys_read:return
/self->depth/
{
	for (i = 0; i < LIMIT; i++) {
		if (i == 2)
			continue;
		total += (byte_t)arg1;
	}
	self->depth = 0;
	printf("%s %d %d %d\n", execname, total, sizeof (struct pair), BUSY);
}
