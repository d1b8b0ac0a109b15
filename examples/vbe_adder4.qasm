// Qiskit's VBE ripple-carry adder on 4 bits (qiskit.circuit.library), exported as OpenQASM 2.
// Try: qdl-compile --input examples/vbe_adder4.qasm --ancillas helper --optimize 3 --verify
OPENQASM 2.0;
include "qelib1.inc";
gate gate_Carry q0,q1,q2,q3 { ccx q1,q2,q3; cx q1,q2; ccx q0,q2,q3; }
gate gate_Sum q0,q1,q2 { cx q1,q2; cx q0,q2; }
gate gate_Carry_dg q0,q1,q2,q3 { ccx q0,q2,q3; cx q1,q2; ccx q1,q2,q3; }
qreg cin[1];
qreg a[4];
qreg b[4];
qreg cout[1];
qreg helper[3];
gate_Carry cin[0],a[0],b[0],helper[0];
gate_Carry helper[0],a[1],b[1],helper[1];
gate_Carry helper[1],a[2],b[2],helper[2];
gate_Carry helper[2],a[3],b[3],cout[0];
cx a[3],b[3];
gate_Sum helper[2],a[3],b[3];
gate_Carry_dg helper[1],a[2],b[2],helper[2];
gate_Sum helper[1],a[2],b[2];
gate_Carry_dg helper[0],a[1],b[1],helper[1];
gate_Sum helper[0],a[1],b[1];
gate_Carry_dg cin[0],a[0],b[0],helper[0];
gate_Sum cin[0],a[0],b[0];