import XCTest
@testable import Interfaces
