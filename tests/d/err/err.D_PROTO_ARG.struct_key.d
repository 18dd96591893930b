/* EXPECT: D_PROTO_ARG at 10:2: keys of another struct type do not match. */
struct p { int x; };
struct q { int x; };
struct p kp;
struct q kq;

BEGIN
{
	hits[kp] = 1;
	hits[kq] = 2;
}
