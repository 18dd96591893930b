/* EXPECT: D_OP_INCOMPAT at 10:7: a struct variable takes only its own struct. */
struct p { int x; };
struct q { int x; };
struct p vp;
struct q vq;

BEGIN
{
	vq.x = 1;
	vp = vq;
}
