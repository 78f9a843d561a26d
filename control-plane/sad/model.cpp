#include "control-plane/sad/model.hpp"

namespace ravelin::cp::sad {

sa_spec sa_spec::clone() const {
    sa_spec copy;
    copy.id = id;
    copy.protocol = protocol;
    copy.dir = dir;
    copy.mode = mode;
    copy.local = local;
    copy.remote = remote;
    copy.encap = encap;
    copy.encryption = encryption;
    copy.encryption_key_bits = encryption_key_bits;
    copy.integrity = integrity;
    copy.encryption_key = encryption_key.clone();
    copy.integrity_key = integrity_key.clone();
    copy.esn = esn;
    copy.replay_window = replay_window;
    copy.soft = soft;
    copy.hard = hard;
    copy.reqid = reqid;
    copy.ipcomp_cpi = ipcomp_cpi;
    copy.initial_seq = initial_seq;
    return copy;
}

}  // namespace ravelin::cp::sad
