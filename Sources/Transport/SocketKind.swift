import CZeroMQ

/// The ZeroMQ socket patterns the emulator uses.
public enum SocketKind: Sendable, CaseIterable {
    case push, pull, pub, sub, pair, dealer, router, rep

    var zmqType: Int32 {
        switch self {
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .pair: ZMQ_PAIR
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .rep: ZMQ_REP
        }
    }
}
